"""Cameras (face camera, document camera) through OpenCV: sources, and a monitor thread that keeps the
newest frame and the device status."""
