# tests for the imap body work
