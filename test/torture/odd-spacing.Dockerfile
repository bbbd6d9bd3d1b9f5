   FROM    alpine:3.19    AS    build   


  run    echo   spaced   
Run ls
rUn   [ "echo" ,   "json" ]   
COPY   --from=build    --chown=1:1    /a    /b   
ENV    KEY    value with   spaces   
   	# indented comment
EXPOSE  80   443/udp  
  HEALTHCHECK   --interval=30s   CMD   curl -f localhost   
