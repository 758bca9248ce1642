# tests for the imap folders work
