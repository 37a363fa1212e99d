"""Mail: which message goes to whom and when (notices), and the outbox that keeps each
message with the change that caused it until a worker delivers it."""
