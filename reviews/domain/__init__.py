"""Every write in reviews goes through a function of this package (DESIGN.md, "Where a change goes")."""
