FROM alpine
RUN echo lf
RUN echo crlf
RUN echo two-cr
RUN echo cont \
    && echo next
RUN echo lonecr-in-the-middle

CMD echo last