# A call spanning lines, never closed; the undefined names after it are not reported.
import json


def report(data):
    text = json.dumps(data,  ### cpython
                      indent=2
    print(text, undefined_name)
    return helper(text)
