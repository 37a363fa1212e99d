"""Recruiter forms: shape only; rules live in the services."""

from flask_wtf import FlaskForm
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional


class InviteForm(FlaskForm):
    name = StringField(
        "Full name", validators=[DataRequired("Enter the candidate's name."), Length(max=120)]
    )
    email = EmailField(
        "Email address",
        validators=[
            DataRequired("Enter the candidate's email address."),
            Email("Enter an email address like name@example.com.", check_deliverability=False),
            Length(max=254),
        ],
    )
    phone = StringField("Phone", validators=[Optional(), Length(max=40)])
