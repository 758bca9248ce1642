# src/mx/copy.mk: copying many messages at once (owned by the copy work)
