"""Text encodings used to pack payloads: hex, base64, reversal."""

TABLE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def to_hex(text):
    return "".join("%02x" % (ord(c) & 255) for c in text)


def to_b64(text):
    data = [ord(c) & 255 for c in text]
    out = []
    for i in range(0, len(data), 3):
        chunk = data[i : i + 3]
        n = len(chunk)
        while len(chunk) < 3:
            chunk.append(0)
        v = (chunk[0] << 16) | (chunk[1] << 8) | chunk[2]
        enc = [TABLE[(v >> s) & 63] for s in (18, 12, 6, 0)]
        if n < 3:
            enc[3] = "="
        if n < 2:
            enc[2] = "="
        out.append("".join(enc))
    return "".join(out)


def rev(text):
    return text[::-1]
