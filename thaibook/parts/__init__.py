"""The chapter build's machinery: the book as parts typeset in worker processes, placed, joined."""
