"""Materials a person hands over at the kiosk: pages from the document camera (高拍仪)."""
