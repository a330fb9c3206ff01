"""The sandbox diagram code runs in: an AST allow-list checked once per source text, guards
instrumented into the code, and a per-step budget those guards charge.

``workflows.scripting`` is the public face (environment, script engine, ``check_source``);
the modules here are its parts:

| module | holds |
| --- | --- |
| ``errors`` | ``ScriptError`` and its two kinds: refused constructs, exceeded limits |
| ``policy`` | the allow-list: which syntax, builtins and methods diagram code may use |
| ``budget`` | ``Limits`` and the per-step ``Budget`` (a contextvar) the guards charge |
| ``measure`` | a value's unfolded size, and whether it may stay in task data (JSON) |
| ``guards`` | the functions the rewritten code calls and the builtins it sees |
| ``rewrite`` | the AST transformer that routes loops, operators and calls through guards |
| ``fold`` | constant parts evaluated when code is checked for deployment (always failing -> refused) |
"""
