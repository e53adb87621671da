# Fixture: the data below is already prepared.
