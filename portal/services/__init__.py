"""Business rules, free of Flask: views call these, these call the models."""
