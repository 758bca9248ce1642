# tests for the imap search work
