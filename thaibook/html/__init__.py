"""HTML: Markdown to HTML, the Jinja2 layouts around it, and the references it holds."""
