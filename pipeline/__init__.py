"""Annual reporting on a task-division plan (任务分工方案): forms, intake, merge, GB/T 9704 documents."""

__version__ = "0.1.0"
