# This file has no instructions.

   # an indented comment
#FROM alpine
	
# RUN echo nothing
