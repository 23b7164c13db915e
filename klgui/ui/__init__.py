"""Qt widgets: thin views over the document and the core."""
