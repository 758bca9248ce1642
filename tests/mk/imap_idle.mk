# tests for the imap idle work
