"""The build: the single pass (``pipeline``) and the chapter build (``chapters``), calling the stages in order."""
