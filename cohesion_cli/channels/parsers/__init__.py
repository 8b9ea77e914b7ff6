"""Formats channels publish in besides web pages: product feeds, mystery-shopper
observations, WhatsApp exports, and the statements read from them."""
