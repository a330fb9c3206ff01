# The part of filetype 1.2 this project uses (handlers/files.py): the library ships no types.
from os import PathLike

class Type:
    @property
    def mime(self) -> str: ...
    @property
    def extension(self) -> str: ...

def guess(obj: bytes | bytearray | str | PathLike[str]) -> Type | None: ...
