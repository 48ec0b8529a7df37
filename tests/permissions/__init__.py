"""The permission matrix's parts: the roles and their rows, the views, the world each
case is built in. The test itself is tests/test_permissions_matrix.py."""
