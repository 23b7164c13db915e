"""Start KL Divergence Explorer from a source checkout: python main.py"""

import sys

from klgui.app import main

if __name__ == "__main__":
    sys.exit(main())
