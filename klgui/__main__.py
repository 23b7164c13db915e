import sys

from klgui.app import main

sys.exit(main())
