"""Date, time and number formats of the portal's languages (`FORMAT_MODULE_PATH`).

Django has no Kazakh formats at all (a time showed as "6 Т.Қ.", a decimal with a point) and
writes Russian dates in words ("1 декабря 2026 г."). A government office in Kazakhstan
writes 01.12.2026 and 18:00 in both languages, with a decimal comma and a non-breaking space
between thousands. English keeps Django's own formats. Django falls back to its own module
of the language for anything a module here leaves out.
"""
