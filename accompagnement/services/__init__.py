"""Writes that carry a rule, one module per domain:
- acces: private links to the requester's space (tokens);
- notifications: the e-mail outbox (saved first, sent by Celery after commit, re-sent if the broker was down);
- demandes: intake and what the requester does from their space;
- suivi: what the hotline does (statuses, assignment, referral, notes, messages, checklist);
- rgpd: anonymisation and export of personal data.
"""
