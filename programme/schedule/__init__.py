"""Pure computations over the schedule (no Django): warnings and suggested sessions."""
