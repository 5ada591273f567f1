"""Quiz completion tracking: rosters, member tokens, graded attempts, trainer dashboard.

The tracker reads answer keys from the same :class:`generator.library.library.Library` as the site,
grades every attempt itself, and never imports the site or handout renderers.
"""
