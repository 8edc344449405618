"""Social security card (社会保障卡) over PC/SC: the SSSE application, EF05 and EF06."""
