"""The screens: QML plus Python view models that call kiosk/. No business rules here."""
