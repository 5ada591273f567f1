"""cnscd: lessons for Vietnam's community digital technology teams, compiled to a site, handouts, QR codes and tracked quizzes."""

__version__ = "0.1.0"
