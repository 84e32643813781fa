"""kg: knowledge graphs of methods, datasets, metrics, tasks and results from scientific abstracts."""

__version__ = "0.1.0"
