"""The messages the portal sends: what each kind says (`content`) and how due ones are
rendered and handed over (`delivery`). Which message goes to whom and when, and the
outbox that keeps them, are services (`portal.services.mail`); the task queue that
runs delivery (`portal.tasks`) sits above all of this and nothing here imports it."""
