"""The exam's tables: applications and their uploads, the trade catalogue, the 往年合格库, history
registrations, the staff roster, exam sessions and tickets. Importing the package maps them all.
"""

from app.exams.models import applications, history, qualified, roster, tickets, trades  # noqa: F401
