from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class SynonymForm(FlaskForm):
    words = StringField(
        _l("Words volunteers use"),
        validators=[DataRequired(), Length(max=300)],
        description=_l("Separated by commas, e.g. « la sécu, l'assurance maladie »."),
    )
    means = StringField(
        _l("What they mean"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("The word the directory uses, e.g. « CPAM »."),
    )
