"""ci-steps: run the CI steps and keep their output."""

from host import fs, proc

STEPS = ["ls src | wc -l", "cat src/notes.txt", "echo build ok"]


def main(ctx):
    log = []
    for step in STEPS:
        result = proc.run(["/bin/sh", "-c", step])
        log.append(f"$ {step}\n{result['stdout']}(exit {result['code']})")
    fs.write_text("out/steps.log", "\n".join(log) + "\n")
    return len(log)
