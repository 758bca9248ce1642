# tests for the imap copy work
