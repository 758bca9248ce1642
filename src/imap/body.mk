# src/imap/body.mk: (owned by the body work; list its files here)
