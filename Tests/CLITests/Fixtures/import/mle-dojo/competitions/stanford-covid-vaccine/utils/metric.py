# Fixture stand-in for MLE-Dojo's metric class (the importer reads the grader map, not this file).
VALUE = 'reactivity'
