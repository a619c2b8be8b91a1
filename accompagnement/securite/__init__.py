"""The back office's second factor, around django-otp: the middleware that closes /gestion/ to whoever must
give a code and has not (middleware.py), the login step, the enrolment and the « Sécurité du compte » page
(views.py, forms.py, urls.py mounted at /gestion/securite/). The writes are in
accompagnement/services/double_facteur.py."""
