"""Static research-site generator: raw article scrapes -> annotated MkDocs Material site."""
