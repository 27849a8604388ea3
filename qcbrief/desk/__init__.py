"""The editor's desk: the roster at work across an issue (`status`, 催稿) and a year (`stats`)."""
