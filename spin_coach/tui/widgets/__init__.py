"""The workspace's panels, one widget a file."""
