"""c-build: compile the C sources and keep a build log."""

from host import fs, proc


def main(ctx):
    version = proc.run(["/usr/bin/gcc", "--version"])["stdout"].splitlines()[0]
    result = proc.run(["/usr/bin/gcc", "-O0", "-o", "out/hello", "src/main.c"], timeout=30.0)
    log = f"{version}\nexit {result['code']}\n{result['stderr']}"
    fs.write_text("out/build.log", log)
    return {"code": result["code"], "binary": fs.exists("out/hello")}
