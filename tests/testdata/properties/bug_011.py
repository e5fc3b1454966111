# 400 consecutive `if` statements: CPython returns 399. The engine fails to
# load it: "internal error in code generation: RecursionError: maximum
# recursion depth exceeded" (about 325 load).


def main():
    x = 0
    if x < 0:
        x += 1
    if x < 1:
        x += 1
    if x < 2:
        x += 1
    if x < 3:
        x += 1
    if x < 4:
        x += 1
    if x < 5:
        x += 1
    if x < 6:
        x += 1
    if x < 7:
        x += 1
    if x < 8:
        x += 1
    if x < 9:
        x += 1
    if x < 10:
        x += 1
    if x < 11:
        x += 1
    if x < 12:
        x += 1
    if x < 13:
        x += 1
    if x < 14:
        x += 1
    if x < 15:
        x += 1
    if x < 16:
        x += 1
    if x < 17:
        x += 1
    if x < 18:
        x += 1
    if x < 19:
        x += 1
    if x < 20:
        x += 1
    if x < 21:
        x += 1
    if x < 22:
        x += 1
    if x < 23:
        x += 1
    if x < 24:
        x += 1
    if x < 25:
        x += 1
    if x < 26:
        x += 1
    if x < 27:
        x += 1
    if x < 28:
        x += 1
    if x < 29:
        x += 1
    if x < 30:
        x += 1
    if x < 31:
        x += 1
    if x < 32:
        x += 1
    if x < 33:
        x += 1
    if x < 34:
        x += 1
    if x < 35:
        x += 1
    if x < 36:
        x += 1
    if x < 37:
        x += 1
    if x < 38:
        x += 1
    if x < 39:
        x += 1
    if x < 40:
        x += 1
    if x < 41:
        x += 1
    if x < 42:
        x += 1
    if x < 43:
        x += 1
    if x < 44:
        x += 1
    if x < 45:
        x += 1
    if x < 46:
        x += 1
    if x < 47:
        x += 1
    if x < 48:
        x += 1
    if x < 49:
        x += 1
    if x < 50:
        x += 1
    if x < 51:
        x += 1
    if x < 52:
        x += 1
    if x < 53:
        x += 1
    if x < 54:
        x += 1
    if x < 55:
        x += 1
    if x < 56:
        x += 1
    if x < 57:
        x += 1
    if x < 58:
        x += 1
    if x < 59:
        x += 1
    if x < 60:
        x += 1
    if x < 61:
        x += 1
    if x < 62:
        x += 1
    if x < 63:
        x += 1
    if x < 64:
        x += 1
    if x < 65:
        x += 1
    if x < 66:
        x += 1
    if x < 67:
        x += 1
    if x < 68:
        x += 1
    if x < 69:
        x += 1
    if x < 70:
        x += 1
    if x < 71:
        x += 1
    if x < 72:
        x += 1
    if x < 73:
        x += 1
    if x < 74:
        x += 1
    if x < 75:
        x += 1
    if x < 76:
        x += 1
    if x < 77:
        x += 1
    if x < 78:
        x += 1
    if x < 79:
        x += 1
    if x < 80:
        x += 1
    if x < 81:
        x += 1
    if x < 82:
        x += 1
    if x < 83:
        x += 1
    if x < 84:
        x += 1
    if x < 85:
        x += 1
    if x < 86:
        x += 1
    if x < 87:
        x += 1
    if x < 88:
        x += 1
    if x < 89:
        x += 1
    if x < 90:
        x += 1
    if x < 91:
        x += 1
    if x < 92:
        x += 1
    if x < 93:
        x += 1
    if x < 94:
        x += 1
    if x < 95:
        x += 1
    if x < 96:
        x += 1
    if x < 97:
        x += 1
    if x < 98:
        x += 1
    if x < 99:
        x += 1
    if x < 100:
        x += 1
    if x < 101:
        x += 1
    if x < 102:
        x += 1
    if x < 103:
        x += 1
    if x < 104:
        x += 1
    if x < 105:
        x += 1
    if x < 106:
        x += 1
    if x < 107:
        x += 1
    if x < 108:
        x += 1
    if x < 109:
        x += 1
    if x < 110:
        x += 1
    if x < 111:
        x += 1
    if x < 112:
        x += 1
    if x < 113:
        x += 1
    if x < 114:
        x += 1
    if x < 115:
        x += 1
    if x < 116:
        x += 1
    if x < 117:
        x += 1
    if x < 118:
        x += 1
    if x < 119:
        x += 1
    if x < 120:
        x += 1
    if x < 121:
        x += 1
    if x < 122:
        x += 1
    if x < 123:
        x += 1
    if x < 124:
        x += 1
    if x < 125:
        x += 1
    if x < 126:
        x += 1
    if x < 127:
        x += 1
    if x < 128:
        x += 1
    if x < 129:
        x += 1
    if x < 130:
        x += 1
    if x < 131:
        x += 1
    if x < 132:
        x += 1
    if x < 133:
        x += 1
    if x < 134:
        x += 1
    if x < 135:
        x += 1
    if x < 136:
        x += 1
    if x < 137:
        x += 1
    if x < 138:
        x += 1
    if x < 139:
        x += 1
    if x < 140:
        x += 1
    if x < 141:
        x += 1
    if x < 142:
        x += 1
    if x < 143:
        x += 1
    if x < 144:
        x += 1
    if x < 145:
        x += 1
    if x < 146:
        x += 1
    if x < 147:
        x += 1
    if x < 148:
        x += 1
    if x < 149:
        x += 1
    if x < 150:
        x += 1
    if x < 151:
        x += 1
    if x < 152:
        x += 1
    if x < 153:
        x += 1
    if x < 154:
        x += 1
    if x < 155:
        x += 1
    if x < 156:
        x += 1
    if x < 157:
        x += 1
    if x < 158:
        x += 1
    if x < 159:
        x += 1
    if x < 160:
        x += 1
    if x < 161:
        x += 1
    if x < 162:
        x += 1
    if x < 163:
        x += 1
    if x < 164:
        x += 1
    if x < 165:
        x += 1
    if x < 166:
        x += 1
    if x < 167:
        x += 1
    if x < 168:
        x += 1
    if x < 169:
        x += 1
    if x < 170:
        x += 1
    if x < 171:
        x += 1
    if x < 172:
        x += 1
    if x < 173:
        x += 1
    if x < 174:
        x += 1
    if x < 175:
        x += 1
    if x < 176:
        x += 1
    if x < 177:
        x += 1
    if x < 178:
        x += 1
    if x < 179:
        x += 1
    if x < 180:
        x += 1
    if x < 181:
        x += 1
    if x < 182:
        x += 1
    if x < 183:
        x += 1
    if x < 184:
        x += 1
    if x < 185:
        x += 1
    if x < 186:
        x += 1
    if x < 187:
        x += 1
    if x < 188:
        x += 1
    if x < 189:
        x += 1
    if x < 190:
        x += 1
    if x < 191:
        x += 1
    if x < 192:
        x += 1
    if x < 193:
        x += 1
    if x < 194:
        x += 1
    if x < 195:
        x += 1
    if x < 196:
        x += 1
    if x < 197:
        x += 1
    if x < 198:
        x += 1
    if x < 199:
        x += 1
    if x < 200:
        x += 1
    if x < 201:
        x += 1
    if x < 202:
        x += 1
    if x < 203:
        x += 1
    if x < 204:
        x += 1
    if x < 205:
        x += 1
    if x < 206:
        x += 1
    if x < 207:
        x += 1
    if x < 208:
        x += 1
    if x < 209:
        x += 1
    if x < 210:
        x += 1
    if x < 211:
        x += 1
    if x < 212:
        x += 1
    if x < 213:
        x += 1
    if x < 214:
        x += 1
    if x < 215:
        x += 1
    if x < 216:
        x += 1
    if x < 217:
        x += 1
    if x < 218:
        x += 1
    if x < 219:
        x += 1
    if x < 220:
        x += 1
    if x < 221:
        x += 1
    if x < 222:
        x += 1
    if x < 223:
        x += 1
    if x < 224:
        x += 1
    if x < 225:
        x += 1
    if x < 226:
        x += 1
    if x < 227:
        x += 1
    if x < 228:
        x += 1
    if x < 229:
        x += 1
    if x < 230:
        x += 1
    if x < 231:
        x += 1
    if x < 232:
        x += 1
    if x < 233:
        x += 1
    if x < 234:
        x += 1
    if x < 235:
        x += 1
    if x < 236:
        x += 1
    if x < 237:
        x += 1
    if x < 238:
        x += 1
    if x < 239:
        x += 1
    if x < 240:
        x += 1
    if x < 241:
        x += 1
    if x < 242:
        x += 1
    if x < 243:
        x += 1
    if x < 244:
        x += 1
    if x < 245:
        x += 1
    if x < 246:
        x += 1
    if x < 247:
        x += 1
    if x < 248:
        x += 1
    if x < 249:
        x += 1
    if x < 250:
        x += 1
    if x < 251:
        x += 1
    if x < 252:
        x += 1
    if x < 253:
        x += 1
    if x < 254:
        x += 1
    if x < 255:
        x += 1
    if x < 256:
        x += 1
    if x < 257:
        x += 1
    if x < 258:
        x += 1
    if x < 259:
        x += 1
    if x < 260:
        x += 1
    if x < 261:
        x += 1
    if x < 262:
        x += 1
    if x < 263:
        x += 1
    if x < 264:
        x += 1
    if x < 265:
        x += 1
    if x < 266:
        x += 1
    if x < 267:
        x += 1
    if x < 268:
        x += 1
    if x < 269:
        x += 1
    if x < 270:
        x += 1
    if x < 271:
        x += 1
    if x < 272:
        x += 1
    if x < 273:
        x += 1
    if x < 274:
        x += 1
    if x < 275:
        x += 1
    if x < 276:
        x += 1
    if x < 277:
        x += 1
    if x < 278:
        x += 1
    if x < 279:
        x += 1
    if x < 280:
        x += 1
    if x < 281:
        x += 1
    if x < 282:
        x += 1
    if x < 283:
        x += 1
    if x < 284:
        x += 1
    if x < 285:
        x += 1
    if x < 286:
        x += 1
    if x < 287:
        x += 1
    if x < 288:
        x += 1
    if x < 289:
        x += 1
    if x < 290:
        x += 1
    if x < 291:
        x += 1
    if x < 292:
        x += 1
    if x < 293:
        x += 1
    if x < 294:
        x += 1
    if x < 295:
        x += 1
    if x < 296:
        x += 1
    if x < 297:
        x += 1
    if x < 298:
        x += 1
    if x < 299:
        x += 1
    if x < 300:
        x += 1
    if x < 301:
        x += 1
    if x < 302:
        x += 1
    if x < 303:
        x += 1
    if x < 304:
        x += 1
    if x < 305:
        x += 1
    if x < 306:
        x += 1
    if x < 307:
        x += 1
    if x < 308:
        x += 1
    if x < 309:
        x += 1
    if x < 310:
        x += 1
    if x < 311:
        x += 1
    if x < 312:
        x += 1
    if x < 313:
        x += 1
    if x < 314:
        x += 1
    if x < 315:
        x += 1
    if x < 316:
        x += 1
    if x < 317:
        x += 1
    if x < 318:
        x += 1
    if x < 319:
        x += 1
    if x < 320:
        x += 1
    if x < 321:
        x += 1
    if x < 322:
        x += 1
    if x < 323:
        x += 1
    if x < 324:
        x += 1
    if x < 325:
        x += 1
    if x < 326:
        x += 1
    if x < 327:
        x += 1
    if x < 328:
        x += 1
    if x < 329:
        x += 1
    if x < 330:
        x += 1
    if x < 331:
        x += 1
    if x < 332:
        x += 1
    if x < 333:
        x += 1
    if x < 334:
        x += 1
    if x < 335:
        x += 1
    if x < 336:
        x += 1
    if x < 337:
        x += 1
    if x < 338:
        x += 1
    if x < 339:
        x += 1
    if x < 340:
        x += 1
    if x < 341:
        x += 1
    if x < 342:
        x += 1
    if x < 343:
        x += 1
    if x < 344:
        x += 1
    if x < 345:
        x += 1
    if x < 346:
        x += 1
    if x < 347:
        x += 1
    if x < 348:
        x += 1
    if x < 349:
        x += 1
    if x < 350:
        x += 1
    if x < 351:
        x += 1
    if x < 352:
        x += 1
    if x < 353:
        x += 1
    if x < 354:
        x += 1
    if x < 355:
        x += 1
    if x < 356:
        x += 1
    if x < 357:
        x += 1
    if x < 358:
        x += 1
    if x < 359:
        x += 1
    if x < 360:
        x += 1
    if x < 361:
        x += 1
    if x < 362:
        x += 1
    if x < 363:
        x += 1
    if x < 364:
        x += 1
    if x < 365:
        x += 1
    if x < 366:
        x += 1
    if x < 367:
        x += 1
    if x < 368:
        x += 1
    if x < 369:
        x += 1
    if x < 370:
        x += 1
    if x < 371:
        x += 1
    if x < 372:
        x += 1
    if x < 373:
        x += 1
    if x < 374:
        x += 1
    if x < 375:
        x += 1
    if x < 376:
        x += 1
    if x < 377:
        x += 1
    if x < 378:
        x += 1
    if x < 379:
        x += 1
    if x < 380:
        x += 1
    if x < 381:
        x += 1
    if x < 382:
        x += 1
    if x < 383:
        x += 1
    if x < 384:
        x += 1
    if x < 385:
        x += 1
    if x < 386:
        x += 1
    if x < 387:
        x += 1
    if x < 388:
        x += 1
    if x < 389:
        x += 1
    if x < 390:
        x += 1
    if x < 391:
        x += 1
    if x < 392:
        x += 1
    if x < 393:
        x += 1
    if x < 394:
        x += 1
    if x < 395:
        x += 1
    if x < 396:
        x += 1
    if x < 397:
        x += 1
    if x < 398:
        x += 1
    if x < 399:
        x += 1
    return x
