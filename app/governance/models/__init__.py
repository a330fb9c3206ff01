"""Process governance's own table: policy staff's drafts of library files. Importing the
package maps it.
"""

from app.governance.models import drafts  # noqa: F401
