"""PDF reports of the observatory (issue 13): requested by staff or, for the public edition, by anyone;
rendered by a Celery task with WeasyPrint (models, services, svg, tasks, views, admin)."""
