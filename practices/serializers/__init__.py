"""The API's serializers of practices and recommendations (`practices`), and of the
reference records joined with their practices (`reference`)."""
