"""Statistics on the processed store: grouping, description, reliability, change, the mixed
model, disclosure control and the tidy result tables."""
