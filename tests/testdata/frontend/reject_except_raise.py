# ruff: noqa
# fmt: off
def main(x):
    try:
        return 1 / x
    except ZeroDivisionError as e:
        raise ValueError("zero") from e  ### "'raise \.\.\. from' is not supported"
    except:  ### "bare 'except' is not supported"
        raise


def reraise():
    raise  ### "bare 'raise' outside an except block is not supported"


def nested():
    try:
        pass
    except ValueError:

        def helper():
            raise  ### "bare 'raise' outside an except block is not supported"

        raise
    finally:
        raise  ### "bare 'raise' outside an except block is not supported"
