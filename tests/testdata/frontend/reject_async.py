# ruff: noqa
# fmt: off
async def fetch(x):  ### "'async' is not supported"
    y = await x  ### "'await' is not supported"
    async for i in y:  ### "'async' is not supported"
        pass
    async with y as z:  ### "'async' is not supported" "'with' is not supported"
        pass
    return [i async for i in y]  ### "'async' is not supported"
