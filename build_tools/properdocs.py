"""`python -m build_tools.properdocs VERB ...`: the same command line, with ProperDocs in place of MkDocs.

ProperDocs, a fork of MkDocs 1.x kept by a former MkDocs maintainer, keeps the 1.x plugin and hook API.
Once `properdocs.replacement` is imported it answers every `mkdocs.*` import, Material's and ours
included, so the whole build (hooks, shards, theme) runs on it unchanged. This is the way on when
MkDocs 1.x stops installing or working: see the README's Dependencies section.
"""

import properdocs.replacement  # noqa: F401  (first: it must be in place before anything imports mkdocs)

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
