# Geolocated offers (replacements, posts, housing, internship places) arrive with their own issue.
